import { ApiProperty } from '@nestjs/swagger';

export class PasswordResetResponse {
  @ApiProperty({ description: 'shown once; the user must change it at the next login' })
  temporaryPassword: string;
}
