import { afterNextRender, Directive, ElementRef, inject } from '@angular/core';

/**
 * Focuses its element once rendered. For the safe choice of a confirmation that replaces the
 * button that opened it, so keyboard focus is not dropped on the page.
 */
@Directive({ selector: '[zdAutofocus]' })
export class Autofocus {
  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => element.focus());
  }
}
