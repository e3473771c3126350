import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@ivl/config';
import { AuditModule } from '@ivl/audit';
import { RegistryModule } from '@ivl/registry';
import { AccountsService } from './accounts.service.js';
import { IdentityService } from './identity.service.js';
import { PartyDirectory } from './party-directory.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionCache } from './session-cache.js';
import { UserRepository } from './user.repository.js';

@Module({
  imports: [
    AuditModule,
    RegistryModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject, made once: given a string, jsonwebtoken first tries to parse it as a PEM public key
      // on every verify (createPublicKey, which throws) before making a secret key of it: ~0.7 ms a request.
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')) }),
    }),
  ],
  providers: [IdentityService, AccountsService, SessionCache, UserRepository, PasswordHasher, PartyDirectory],
  exports: [IdentityService, AccountsService],
})
export class IdentityModule {}
