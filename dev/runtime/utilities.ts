import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BlobFake, nodeEncoding, toBuffer, toSignedBytes } from './blob';
import { formatDatePattern } from './dateFormat';
import { ScriptException, signatureMismatch } from './errors';
import type { Execution } from './execution';
import { ServiceObject } from './membrane';
import { resolveTimeZone } from './timeZone';

const CHARSET = Object.freeze({ US_ASCII: 'US-ASCII', UTF_8: 'UTF-8' });

const DIGEST_ALGORITHM = Object.freeze({ MD5: 'MD5', SHA_1: 'SHA_1', SHA_256: 'SHA_256', SHA_384: 'SHA_384', SHA_512: 'SHA_512' });
const NODE_HASH: Record<string, string> = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };

function encodeData(data: unknown, charset: unknown, api: string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, nodeEncoding(charset)) : toBuffer(data, api);
}

function decodeBase64(encoded: unknown, alphabet: RegExp): number[] {
  const text = String(encoded).replace(/\s/g, '');
  if (!alphabet.test(text)) throw new ScriptException('Could not decode string.');
  return toSignedBytes(Buffer.from(text, 'base64'));
}

export class UtilitiesFake extends ServiceObject {
  protected readonly typeName = 'Utilities';

  constructor(private readonly execution: Execution) {
    super();
  }

  get Charset(): typeof CHARSET {
    return CHARSET;
  }

  get DigestAlgorithm(): typeof DIGEST_ALGORITHM {
    return DIGEST_ALGORITHM;
  }

  /** Virtual time passes; the execution's deadline still applies. */
  sleep(milliseconds: unknown): void {
    if (typeof milliseconds !== 'number') throw signatureMismatch('Utilities.sleep', [milliseconds]);
    this.execution.wait(Math.max(0, milliseconds));
  }

  formatDate(date: unknown, timeZone: unknown, format: unknown): string {
    if (!(date instanceof Date) || typeof timeZone !== 'string' || typeof format !== 'string') {
      throw signatureMismatch('Utilities.formatDate', [date, timeZone, format]);
    }
    return formatDatePattern(date.getTime(), resolveTimeZone(timeZone), format);
  }

  getUuid(): string {
    return randomUUID();
  }

  base64Encode(data: unknown, charset?: unknown): string {
    return encodeData(data, charset, 'Utilities.base64Encode').toString('base64');
  }

  base64EncodeWebSafe(data: unknown, charset?: unknown): string {
    return this.base64Encode(data, charset).replace(/\+/g, '-').replace(/\//g, '_');
  }

  base64Decode(encoded: unknown): number[] {
    return decodeBase64(encoded, /^[A-Za-z0-9+/]*={0,2}$/);
  }

  base64DecodeWebSafe(encoded: unknown): number[] {
    return decodeBase64(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), /^[A-Za-z0-9+/]*={0,2}$/);
  }

  computeDigest(algorithm: unknown, value: unknown, charset?: unknown): number[] {
    const hash = NODE_HASH[String(algorithm)];
    if (!hash) throw signatureMismatch('Utilities.computeDigest', [algorithm, value]);
    return toSignedBytes(
      createHash(hash)
        .update(encodeData(value, charset, 'Utilities.computeDigest'))
        .digest(),
    );
  }

  /** Utilities.gzip(blob[, name]): a gzip Blob, application/x-gzip, named "<name>.gz" after the blob's when it has one. */
  gzip(blob: unknown, name?: unknown): BlobFake {
    if (!(blob instanceof BlobFake)) throw signatureMismatch('Utilities.gzip', [blob]);
    const blobName = name === undefined ? blob.getName() : String(name);
    return new BlobFake(gzipSync(blob.bytes), 'application/x-gzip', name === undefined && blobName !== null ? `${blobName}.gz` : blobName);
  }

  /** Utilities.ungzip(blob): the uncompressed Blob; data that is not gzip throws. */
  ungzip(blob: unknown): BlobFake {
    if (!(blob instanceof BlobFake)) throw signatureMismatch('Utilities.ungzip', [blob]);
    try {
      return new BlobFake(gunzipSync(blob.bytes));
    } catch {
      throw new ScriptException('Could not decompress gzip.');
    }
  }

  newBlob(data: unknown, contentType?: unknown, name?: unknown): BlobFake {
    return new BlobFake(
      toBuffer(data, 'Utilities.newBlob'),
      contentType === undefined ? null : String(contentType),
      name === undefined ? null : String(name),
    );
  }
}
