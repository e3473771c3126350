export { EvaluationModule } from './evaluation.module.js';
export { EvaluationService } from './evaluation.service.js';
export { evaluationPdf, evaluationXlsx, rankingPdf, rankingXlsx } from './evaluation.export.js';
export { EVALUATION_LABELS } from './labels.js';
export { compareOnKeys, RANKING_ORDER, rankComplexes } from './ranking.js';
export type * from './evaluation.types.js';
