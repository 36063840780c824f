import { ScriptException } from './errors';
import { ACCESS, type Execution } from './execution';
import { ServiceObject } from './membrane';
import type { Platform } from './platform';

const SANDBOX_MODE = Object.freeze({ EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' });
const X_FRAME_OPTIONS_MODE = Object.freeze({ ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' });

export class HtmlOutputFake extends ServiceObject {
  protected readonly typeName = 'HtmlOutput';
  private title = '';
  private width?: number;
  private height?: number;

  constructor(private content: string) {
    super();
  }

  getContent(): string {
    return this.content;
  }

  setContent(content: unknown): HtmlOutputFake {
    this.content = String(content);
    return this;
  }

  append(addedContent: unknown): HtmlOutputFake {
    this.content += String(addedContent);
    return this;
  }

  getTitle(): string {
    return this.title;
  }

  setTitle(title: unknown): HtmlOutputFake {
    this.title = String(title);
    return this;
  }

  getWidth(): number | undefined {
    return this.width;
  }

  setWidth(width: unknown): HtmlOutputFake {
    this.width = Number(width);
    return this;
  }

  getHeight(): number | undefined {
    return this.height;
  }

  setHeight(height: unknown): HtmlOutputFake {
    this.height = Number(height);
    return this;
  }

  /** Only IFRAME exists nowadays; the call is accepted and changes nothing. */
  setSandboxMode(): HtmlOutputFake {
    return this;
  }

  setXFrameOptionsMode(): HtmlOutputFake {
    return this;
  }
}

/** Templates are handed back as written: scriptlets (<? ?>) are not evaluated by the local runtime. */
export class HtmlTemplateFake extends ServiceObject {
  protected readonly typeName = 'HtmlTemplate';

  constructor(private readonly source: string) {
    super();
  }

  getRawContent(): string {
    return this.source;
  }

  evaluate(): HtmlOutputFake {
    return new HtmlOutputFake(this.source);
  }
}

export class HtmlServiceFake extends ServiceObject {
  protected readonly typeName = 'HtmlService';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {
    super();
  }

  get SandboxMode(): typeof SANDBOX_MODE {
    return SANDBOX_MODE;
  }

  get XFrameOptionsMode(): typeof X_FRAME_OPTIONS_MODE {
    return X_FRAME_OPTIONS_MODE;
  }

  createHtmlOutput(html?: unknown): HtmlOutputFake {
    this.enter('createHtmlOutput');
    return new HtmlOutputFake(html === undefined ? '' : String(html));
  }

  createHtmlOutputFromFile(filename: unknown): HtmlOutputFake {
    this.enter('createHtmlOutputFromFile');
    return new HtmlOutputFake(this.file(filename));
  }

  createTemplate(html: unknown): HtmlTemplateFake {
    this.enter('createTemplate');
    return new HtmlTemplateFake(String(html));
  }

  createTemplateFromFile(filename: unknown): HtmlTemplateFake {
    this.enter('createTemplateFromFile');
    return new HtmlTemplateFake(this.file(filename));
  }

  private enter(method: string): void {
    this.execution.checkAccess(`HtmlService.${method}`, ACCESS.notInCustomFunction);
  }

  /** Project files are named without their ".html" extension; either spelling works, as on the platform. */
  private file(filename: unknown): string {
    const name = String(filename).replace(/\.html$/, '');
    const content = this.platform.htmlFiles[name];
    if (content === undefined) throw new ScriptException(`No HTML file named ${name} was found.`);
    return content;
  }
}
