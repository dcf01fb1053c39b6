import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './domain-events';

/** What every module may use: the domain event bus. */
@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class CommonModule {}
