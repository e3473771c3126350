export { canonicalBytes, chainHash, GENESIS } from './chain-hash.js';
export type { ChainSource } from './chain-hash.js';
export { ChainVerifier } from './chain-verifier.js';
export type { ChainProblem, ChainReport } from './chain-verifier.js';
export { ChainModule } from './chain.module.js';
export type { AnchorRow } from './chain.repository.js';
export { ChainSealer, SEAL_BATCH } from './chain.sealer.js';
export type { SealRun } from './chain.sealer.js';
export { ChainService } from './chain.service.js';
