/** The browser tests' Chromium (dev/chromium.ts), and where their screenshots go. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium as launchDebianChromium } from '../../dev/chromium';

export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts');

export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return launchDebianChromium();
}
