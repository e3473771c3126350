import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  username: string;

  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}
