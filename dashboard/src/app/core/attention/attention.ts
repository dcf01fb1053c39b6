import { DOCUMENT } from '@angular/common';
import { inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Message } from '../api/api.models';
import { Realtime } from '../realtime/realtime';

const PREFERENCES_KEY = 'zendo.preferences';
const BASE_TITLE = 'Zendo';

export interface AttentionPreferences {
  sound: boolean;
  notifications: boolean;
}

/**
 * Makes visitor messages noticeable while the console is in a background tab: a count in the
 * title always, and a sound and a system notification when the agent has turned them on.
 */
@Injectable({ providedIn: 'root' })
export class Attention {
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);
  private readonly prefs = signal<AttentionPreferences>(readPreferences());
  private unseen = 0;
  private audio: AudioContext | null = null;

  readonly preferences = this.prefs.asReadonly();

  constructor() {
    inject(Realtime).messageNew.subscribe((message) => this.onMessage(message));
    this.document.addEventListener('visibilitychange', () => {
      if (this.document.visibilityState === 'visible') this.setUnseen(0);
    });
  }

  /** Saves the preferences; turning notifications on asks the browser for permission first. */
  async update(change: Partial<AttentionPreferences>): Promise<AttentionPreferences> {
    const next = { ...this.prefs(), ...change };
    if (change.notifications) next.notifications = await this.requestPermission();
    this.prefs.set(next);
    try {
      localStorage.setItem(PREFERENCES_KEY, JSON.stringify(next));
    } catch {
      // Kept for this tab only.
    }
    return next;
  }

  notificationsBlocked(): boolean {
    return typeof Notification === 'undefined' || Notification.permission === 'denied';
  }

  private onMessage(message: Message): void {
    if (message.sender.type !== 'visitor' || this.document.visibilityState !== 'hidden') return;
    this.setUnseen(this.unseen + 1);
    const { sound, notifications } = this.prefs();
    if (sound) this.chime();
    if (
      notifications &&
      typeof Notification !== 'undefined' &&
      Notification.permission === 'granted'
    ) {
      const notification = new Notification(message.sender.name || 'New message from a visitor', {
        body: message.body.slice(0, 140),
        tag: message.conversationId,
      });
      notification.onclick = () => {
        globalThis.focus();
        void this.router.navigate(['/conversations', message.conversationId]);
        notification.close();
      };
    }
  }

  private setUnseen(count: number): void {
    this.unseen = count;
    const title = this.document.title.replace(/^\(\d+\) /, '') || BASE_TITLE;
    this.document.title = count ? `(${count}) ${title}` : title;
  }

  private async requestPermission(): Promise<boolean> {
    if (typeof Notification === 'undefined') return false;
    if (Notification.permission === 'granted') return true;
    return (await Notification.requestPermission()) === 'granted';
  }

  /** A short synthesised tone: no audio file to ship or to fail loading. */
  private chime(): void {
    try {
      this.audio ??= new AudioContext();
      const oscillator = this.audio.createOscillator();
      const gain = this.audio.createGain();
      oscillator.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, this.audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, this.audio.currentTime + 0.4);
      oscillator.connect(gain).connect(this.audio.destination);
      oscillator.start();
      oscillator.stop(this.audio.currentTime + 0.4);
    } catch {
      // Audio can be unavailable or blocked until the page has been interacted with.
    }
  }
}

function readPreferences(): AttentionPreferences {
  try {
    const stored = JSON.parse(
      localStorage.getItem(PREFERENCES_KEY) ?? '{}',
    ) as Partial<AttentionPreferences>;
    return { sound: stored.sound === true, notifications: stored.notifications === true };
  } catch {
    return { sound: false, notifications: false };
  }
}
