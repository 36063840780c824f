import { ScriptException } from './errors';
import { ServiceObject } from './membrane';

/** Apps Script byte arrays are Java bytes: -128…127. */
export function toSignedBytes(buffer: Buffer): number[] {
  return Array.from(buffer, (byte) => (byte > 127 ? byte - 256 : byte));
}

/** Text is taken as UTF-8; an array is taken as bytes (signed or not). */
export function toBuffer(data: unknown, api: string): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Array.isArray(data) && data.every((byte) => typeof byte === 'number')) return Buffer.from(data.map((byte) => byte & 0xff));
  throw new ScriptException(`Invalid argument: ${api} expects a string or a byte array`);
}

/** Utilities.Charset values: a Java charset name. */
export function nodeEncoding(charset: unknown): BufferEncoding {
  return typeof charset === 'string' && /^(us-)?ascii$/i.test(charset) ? 'ascii' : 'utf8';
}

export class BlobFake extends ServiceObject {
  protected readonly typeName = 'Blob';

  constructor(
    /** The host's view (Utilities.gzip reads it); the script sees only getBytes(). */
    readonly bytes: Buffer,
    private contentType: string | null = null,
    private name: string | null = null,
  ) {
    super();
  }

  getDataAsString(charset?: unknown): string {
    return this.bytes.toString(nodeEncoding(charset));
  }

  getBytes(): number[] {
    return toSignedBytes(this.bytes);
  }

  getContentType(): string | null {
    return this.contentType;
  }

  setContentType(contentType: unknown): BlobFake {
    this.contentType = contentType === null ? null : String(contentType);
    return this;
  }

  getName(): string | null {
    return this.name;
  }

  setName(name: unknown): BlobFake {
    this.name = String(name);
    return this;
  }
}
