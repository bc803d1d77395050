// Modules the preview build generates (see preview/build.ts).

declare module '@preview/pages' {
  import type { LightningElement } from 'lwc';
  /** A product page whose component exists in force-app. */
  export interface PreviewPage {
    id: string;
    label: string;
    /** A tab of the Lightning app, or a page of the partner site. */
    surface: 'app' | 'site';
    component: typeof LightningElement;
  }
  const pages: PreviewPage[];
  export default pages;
}

declare module '@localorg/login' {
  /** The local org's own connected app and the seeded users' password (localorg/seed/base.ts). */
  export const clientId: string;
  export const clientSecret: string;
  export const password: string;
}
