import { trim } from '../../common/validation';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

export class BootstrapDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  websiteKey: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  visitorToken?: string;
}

/** `null` clears a field; an absent field is left as it is. */
export class IdentifyDto {
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string | null;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;
}
