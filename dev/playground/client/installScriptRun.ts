/**
 * Injected into the sidebar's page before its own script: google.script.run, as HtmlService provides it in Sheets.
 */
import { scriptRunner } from './scriptRun';

(window as unknown as { google: unknown }).google = { script: { run: scriptRunner() } };
