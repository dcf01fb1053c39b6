import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WebsitesService } from '../websites/websites.service';
import { DemoRepository, DemoWebsiteRow } from './demo.repository';

export const DEMO_WEBSITE_NAME = 'Demo website';

/** The demo page's website: made on first use, owned by the installation's first account. */
@Injectable()
export class DemoService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: DemoRepository,
    private readonly websites: WebsitesService,
  ) {}

  get enabled(): boolean {
    return this.config.demo;
  }

  /** The demo website, made now if need be; null while nobody has signed up. */
  website(): Promise<DemoWebsiteRow | null> {
    return this.repo.transaction(async (tx) => {
      await this.repo.lock(tx);
      const existing = await this.repo.find(tx);
      if (existing) return existing;
      const ownerId = await this.repo.firstAgentId(tx);
      if (!ownerId) return null;
      // Made through the one path that makes websites (its owner membership, its events); it
      // commits on its own, and the lock keeps a second request waiting until it is marked.
      const website = await this.websites.create({ type: 'agent', id: ownerId }, { name: DEMO_WEBSITE_NAME });
      await this.repo.markDemo(tx, website.id);
      return { id: website.id, name: website.name, key: website.key };
    });
  }
}
