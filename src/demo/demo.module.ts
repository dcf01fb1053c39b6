import { Module } from '@nestjs/common';
import { WebsitesModule } from '../websites/websites.module';
import { DemoController } from './demo.controller';
import { DemoRepository } from './demo.repository';
import { DemoService } from './demo.service';

@Module({
  imports: [WebsitesModule],
  controllers: [DemoController],
  providers: [DemoRepository, DemoService],
})
export class DemoModule {}
