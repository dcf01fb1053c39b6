import { trim } from '../../common/validation';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../agents/dto/auth.dto';

export class CreateInviteDto {
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @IsIn(['admin', 'agent'], { message: 'role must be admin or agent' })
  role: 'admin' | 'agent';
}

export class AcceptInviteDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password?: string;
}
