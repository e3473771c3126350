export { CatalogModule } from './catalog.module.js';
export { CatalogService } from './catalog.service.js';
export { SERVICE_STATUSES } from './catalog.types.js';
export type {
  DirectoryFilter,
  DirectoryProvider,
  DirectoryService,
  NewService,
  PublishedService,
  Service,
  ServiceChanges,
  ServiceStatus,
} from './catalog.types.js';
