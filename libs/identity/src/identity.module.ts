import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@ivl/config';
import { AuditModule } from '@ivl/audit';
import { IdentityService } from './identity.service.js';
import { PartyDirectory } from './party-directory.js';
import { PasswordHasher } from './password-hasher.js';
import { User } from './user.entity.js';
import { UserRepository } from './user.repository.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    AuditModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: config.auth.jwtSecret }),
    }),
  ],
  providers: [IdentityService, UserRepository, PasswordHasher, PartyDirectory],
  exports: [IdentityService],
})
export class IdentityModule {}
