import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** Every module that changes what the audit log records writes to it through AuditService. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
