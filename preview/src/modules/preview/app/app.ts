// The preview's app shell: a Lightning-style header with the product's pages and a persona
// switch, the current page (a real component from force-app), and SLDS toasts for
// ShowToastEvent. Pages are addressed by hash (`#/lead-assignment`); `?persona=partner` picks the
// persona a fresh tab starts as.
import { LightningElement } from 'lwc';
import type { ShowToastEventDetail } from 'lightning/platformShowToastEvent';
import pages from '@preview/pages';
import type { PreviewPage } from '@preview/pages';
import { currentSession, isSessionValid, loadPersonas, logIn } from '../../../session';
import type { Persona, PersonaId } from '../../../session';
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
  pageId = '';
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
    this.busy = true;
    this.errorMessage = '';
    try {
      const session = await logIn(persona);
      setCurrentUserId(session.userId);
      this.personaId = persona.id;
    } catch (error) {
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
    this.pageId = pages.some((p) => p.id === id) ? id : (pages[0]?.id ?? '');
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

  get page(): PreviewPage | undefined {
    return pages.find((p) => p.id === this.pageId);
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

  get navItems() {
    return pages.map((p) => ({
      ...p,
      href: `#/${p.id}`,
      dataId: `nav-${p.id}`,
      className:
        p.id === this.pageId ? 'slds-context-bar__item slds-is-active' : 'slds-context-bar__item',
      ariaCurrent: p.id === this.pageId ? 'page' : null,
    }));
  }

  get personaButtons() {
    return this.personas.map((p) => ({
      ...p,
      dataId: `persona-${p.id}`,
      label: `${p.role}: ${p.name}`,
      className:
        p.id === this.personaId
          ? 'slds-button slds-button_brand'
          : 'slds-button slds-button_neutral',
      pressed: p.id === this.personaId ? 'true' : 'false',
    }));
  }

  get persona(): Persona | undefined {
    return this.personas.find((p) => p.id === this.personaId);
  }

  get personaSummary(): string {
    const p = this.persona;
    if (!p) return '';
    return p.accountName ? `${p.username} · ${p.accountName}` : p.username;
  }
}
