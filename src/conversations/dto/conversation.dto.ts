import { trim } from '../../common/validation';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

/** Query integers: digits only; anything else stays a string and fails @IsInt (never silently fixed). */
const queryInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;

export const BODY_MAX = 5000;

export class SendMessageDto {
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(BODY_MAX)
  body: string;

  @IsUUID('all', { message: 'clientMessageId must be a UUID' })
  clientMessageId: string;
}

/** The socket form names the conversation in the payload. */
export class SocketMessageDto extends SendMessageDto {
  @IsUUID('all', { message: 'conversationId must be a UUID' })
  conversationId: string;
}

export class OpenConversationDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(BODY_MAX)
  body?: string;

  @ValidateIf((o: OpenConversationDto) => o.body !== undefined || o.clientMessageId !== undefined)
  @IsUUID('all', { message: 'clientMessageId must be a UUID' })
  clientMessageId?: string;
}

export class ConversationRefDto {
  @IsUUID('all', { message: 'conversationId must be a UUID' })
  conversationId: string;
}

export class TypingDto extends ConversationRefDto {
  @IsBoolean()
  typing: boolean;
}

export class AssignDto {
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all', { message: 'agentId must be a UUID or null' })
  agentId: string | null;
}

export class SocketAssignDto extends AssignDto {
  @IsUUID('all', { message: 'conversationId must be a UUID' })
  conversationId: string;
}

export class ReadDto {
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  seq: number;
}

export class MessagesQueryDto {
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'afterSeq must be an integer ≥ 0' })
  @Min(0)
  @Max(2_147_483_647)
  afterSeq?: number;

  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'beforeSeq must be an integer ≥ 1' })
  @Min(1)
  @Max(2_147_483_647)
  beforeSeq?: number;

  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'limit must be an integer from 1 to 200' })
  @Min(1)
  @Max(200)
  limit?: number;
}

export class InboxQueryDto {
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @IsOptional()
  @ValidateIf((_, v) => v !== 'me' && v !== 'none')
  @IsUUID('all', { message: 'assignee must be me, none or an agent id' })
  assignee?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'limit must be an integer from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;
}
