// The preview's app shell: a bar of its own (which surface, which persona), then the product as
// its users meet it: an `app` page (the console, the wizard) in the Lightning app's context bar
// with its tabs, a `site` page (the lead inbox) in the partner site's own header and navigation.
// The current page is a real component from force-app; ShowToastEvent shows SLDS toasts. Pages
// are addressed by hash (`#/lead-assignment`); without one, a persona lands on its own surface
// (the channel manager on the app, a partner on the site). `?persona=partner` picks the persona
// a fresh tab starts as.
import { LightningElement } from 'lwc';
import type { ShowToastEventDetail } from 'lightning/platformShowToastEvent';
import pages from '@preview/pages';
import type { PreviewPage } from '@preview/pages';
import { currentSession, isSessionValid, loadPersonas, logIn, surfaceOf } from '../../../session';
import type { Persona, PersonaId, Surface } from '../../../session';
import { SHOW_TOAST_EVENT } from '../../../stubs/platformShowToastEvent';
import { setCurrentUserId } from '../../../stubs/userId';

interface Toast {
  key: number;
  title: string;
  message: string;
  variant: string;
  className: string;
  iconName: string;
}

const TOAST_MS = { sticky: 0, dismissible: 6_000, error: 12_000 };

/** `{0}` placeholders filled from messageData (links shown by their label). */
function formatToast(detail: ShowToastEventDetail): string {
  const data = detail.messageData ?? [];
  return (detail.message ?? '').replace(/\{(\d+)\}/g, (whole, index: string) => {
    const item = data[Number(index)];
    if (item === undefined) return whole;
    return typeof item === 'string' ? item : item.label;
  });
}

export default class App extends LightningElement {
  personas: Persona[] = [];
  personaId: PersonaId | null = null;
  /** The page the address names; null sends a persona to its surface's first page. */
  hashPageId: string | null = null;
  busy = true;
  errorMessage = '';
  toasts: Toast[] = [];
  private toastKey = 0;
  private readonly onHashChange = (): void => this.readHash();
  private readonly onToast = (event: Event): void =>
    this.showToast((event as CustomEvent<ShowToastEventDetail>).detail);

  override connectedCallback(): void {
    this.readHash();
    window.addEventListener('hashchange', this.onHashChange);
    this.template?.addEventListener(SHOW_TOAST_EVENT, this.onToast);
    this.start().catch((error: unknown) => this.fail(error));
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    this.template?.removeEventListener(SHOW_TOAST_EVENT, this.onToast);
  }

  private async start(): Promise<void> {
    try {
      this.personas = await loadPersonas();
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.personas.length === 0) {
      this.busy = false;
      this.errorMessage =
        'This local org has no demo users to act as. Start it with demo data (npm start, or channelkit org local --seed demo).';
      return;
    }
    const requested = new URLSearchParams(window.location.search).get('persona');
    const saved = currentSession();
    const persona =
      this.personas.find((p) => p.id === requested) ??
      this.personas.find((p) => p.username === saved?.persona.username) ??
      this.personas[0];
    const reuse =
      saved !== null &&
      saved.persona.username === persona.username &&
      requested === null &&
      (await isSessionValid(saved));
    if (saved && reuse) {
      this.personaId = persona.id;
      setCurrentUserId(saved.userId);
      this.busy = false;
      return;
    }
    await this.switchTo(persona);
  }

  private async switchTo(persona: Persona): Promise<void> {
    // Hiding the page while logging in re-creates it afterwards, with the new persona's data.
    // The persona is set first so the shell shows the surface it is logging in to.
    const previous = this.personaId;
    this.busy = true;
    this.errorMessage = '';
    this.personaId = persona.id;
    try {
      const session = await logIn(persona);
      setCurrentUserId(session.userId);
    } catch (error) {
      this.personaId = previous;
      this.fail(error);
      return;
    }
    this.busy = false;
  }

  private fail(error: unknown): void {
    this.busy = false;
    this.errorMessage = error instanceof Error ? error.message : String(error);
  }

  private readHash(): void {
    const id = window.location.hash.replace(/^#\/?/, '');
    this.hashPageId = pages.some((p) => p.id === id) ? id : null;
  }

  handlePersonaClick(event: Event): void {
    const id = (event.currentTarget as HTMLElement).dataset.persona;
    const persona = this.personas.find((p) => p.id === id);
    if (persona && persona.id !== this.personaId)
      this.switchTo(persona).catch((error: unknown) => this.fail(error));
  }

  showToast(detail: ShowToastEventDetail): void {
    const variant = detail.variant ?? 'info';
    const key = ++this.toastKey;
    this.toasts = [
      ...this.toasts,
      {
        key,
        title: detail.title ?? '',
        message: formatToast(detail),
        variant,
        className: `slds-notify slds-notify_toast slds-theme_${variant}`,
        iconName: `utility:${variant}`,
      },
    ];
    const mode = detail.mode ?? 'dismissible';
    const ms = mode === 'sticky' ? 0 : variant === 'error' ? TOAST_MS.error : TOAST_MS.dismissible;
    if (ms > 0) {
      // eslint-disable-next-line @lwc/lwc/no-async-operation -- toasts close themselves, as in Lightning
      setTimeout(() => this.dismiss(key), ms);
    }
  }

  dismiss(key: number): void {
    this.toasts = this.toasts.filter((t) => t.key !== key);
  }

  handleToastClose(event: Event): void {
    this.dismiss(Number((event.currentTarget as HTMLElement).dataset.key));
  }

  get persona(): Persona | undefined {
    return this.personas.find((p) => p.id === this.personaId);
  }

  /** The persona's own surface: the partner site for partners, else the Lightning app. */
  get homeSurface(): Surface {
    const persona = this.persona;
    return persona ? surfaceOf(persona) : 'app';
  }

  get page(): PreviewPage | undefined {
    if (this.hashPageId !== null) return pages.find((p) => p.id === this.hashPageId);
    return pages.find((p) => p.surface === this.homeSurface) ?? pages[0];
  }

  get pageId(): string {
    return this.page?.id ?? '';
  }

  get isSite(): boolean {
    return this.page?.surface === 'site';
  }

  get mainClass(): string {
    return this.isSite ? 'site-main' : 'slds-p-around_medium';
  }

  get pageComponent(): PreviewPage['component'] | undefined {
    return this.page?.component;
  }

  get showPage(): boolean {
    return !this.busy && !this.errorMessage && this.personaId !== null && this.page !== undefined;
  }

  get noPages(): boolean {
    return pages.length === 0;
  }

  private navItems(surface: Surface, itemClass: string, activeClass: string) {
    return pages
      .filter((p) => p.surface === surface)
      .map((p) => ({
        ...p,
        href: `#/${p.id}`,
        dataId: `nav-${p.id}`,
        className: p.id === this.pageId ? `${itemClass} ${activeClass}` : itemClass,
        ariaCurrent: p.id === this.pageId ? 'page' : null,
      }));
  }

  get appNavItems() {
    return this.navItems('app', 'slds-context-bar__item', 'slds-is-active');
  }

  get siteNavItems() {
    return this.navItems('site', 'site-header__link', 'site-header__link_active');
  }

  /** The preview bar's links to each surface that has a page: its first page. */
  get surfaceLinks() {
    const surfaces: { id: Surface; label: string }[] = [
      { id: 'app', label: 'Channel Kit app' },
      { id: 'site', label: `${this.siteName} site` },
    ];
    const current = this.page?.surface;
    return surfaces.flatMap(({ id, label }) => {
      const first = pages.find((p) => p.surface === id);
      if (!first) return [];
      return [
        {
          id,
          label,
          href: `#/${first.id}`,
          dataId: `surface-${id}`,
          ariaCurrent: id === current ? 'page' : null,
        },
      ];
    });
  }

  /** The partner site's name: the persona's site, else any partner persona's. */
  get siteName(): string {
    const named = this.persona?.siteName ?? this.personas.find((p) => p.siteName)?.siteName;
    return named ?? 'Partner site';
  }

  get personaName(): string {
    return this.persona?.name ?? '';
  }

  get personaInitials(): string {
    return this.personaName
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => word[0].toUpperCase())
      .slice(0, 2)
      .join('');
  }

  get personaButtons() {
    return this.personas.map((p) => ({
      ...p,
      dataId: `persona-${p.id}`,
      label: p.accountName ? `${p.name} (${p.accountName})` : `${p.role}: ${p.name}`,
      className:
        p.id === this.personaId
          ? 'slds-button slds-button_brand'
          : 'slds-button slds-button_neutral',
      pressed: p.id === this.personaId ? 'true' : 'false',
    }));
  }

  get personaSummary(): string {
    const p = this.persona;
    if (!p) return '';
    return p.accountName ? `${p.username} · ${p.accountName}` : p.username;
  }
}
