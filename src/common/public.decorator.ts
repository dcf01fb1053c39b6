import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'zendo:public';

/** Marks a route that needs no agent token; every other route does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
