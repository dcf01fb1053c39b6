import { trim } from '../../common/validation';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  registerDecorator,
} from 'class-validator';

/** `scheme://host[:port]` exactly, as browsers send it in `Origin`. */
export function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 255) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

function IsOriginList() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOriginList',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every(isOrigin),
        defaultMessage: () =>
          `${propertyName} must hold origins like https://shop.example.com (no path, no trailing slash)`,
      },
    });
}

export class WidgetSettingsDto {
  @IsOptional()
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'color must be a hex colour like #1f6feb' })
  color?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  greeting?: string;

  @IsOptional()
  @IsIn(['right', 'left'])
  position?: 'right' | 'left';
}

export class CreateWebsiteDto {
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsOriginList()
  allowedOrigins?: string[];
}

export class UpdateWebsiteDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsOriginList()
  allowedOrigins?: string[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WidgetSettingsDto)
  settings?: WidgetSettingsDto;
}
