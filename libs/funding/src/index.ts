export type { Allocation, Fund, FundWithBalances, NewProgram, Program, ProgramFunding, ProgramStatus } from './fund.types.js';
export { PROGRAM_STATUSES } from './fund.types.js';
export { FundingModule } from './funding.module.js';
export { FundsService } from './funds.service.js';
export { ProgramsService } from './programs.service.js';
