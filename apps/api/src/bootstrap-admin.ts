import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { IdentityService } from '@ivl/identity';

/** On first start, when no user exists yet, creates the city admin named by the configuration. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(private readonly identity: IdentityService) {}

  onApplicationBootstrap(): Promise<void> {
    return this.identity.ensureBootstrapAdmin();
  }
}
