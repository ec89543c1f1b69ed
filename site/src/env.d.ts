/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Set by the error page when the cms could not be reached, so the middleware answers 503. */
    serviceUnavailable?: boolean;
  }
}
