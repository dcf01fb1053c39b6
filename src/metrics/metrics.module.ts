import { Global, Module } from '@nestjs/common';
import { MessageMetrics } from './message-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** The process's metrics: any module may inject MetricsService to count or to register a gauge's source. */
@Global()
@Module({ controllers: [MetricsController], providers: [MetricsService, MessageMetrics], exports: [MetricsService] })
export class MetricsModule {}
