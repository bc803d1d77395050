/**
 * Unpacks a deploy zip (fflate) within the Metadata API's limits and finds its package roots: the
 * folders holding a `package.xml` (SDR zips have it at the top; jsforce's fixtures use `unpackaged/`).
 */
import { unzipSync } from 'fflate';

/** Files per deploy (wire.md §4.4). */
export const MAX_FILES = 10_000;
/** Uncompressed bytes per deploy (wire.md §4.4). */
export const MAX_UNCOMPRESSED_BYTES = 600 * 1024 * 1024;

export class ZipLimitError extends Error {
  readonly statusCode: string;

  constructor(statusCode: string, message: string) {
    super(message);
    this.name = 'ZipLimitError';
    this.statusCode = statusCode;
  }
}

/** Path (forward slashes, no leading `./`) to content. */
export type ZipFiles = Map<string, Uint8Array>;

export function unpackZip(data: Uint8Array): ZipFiles {
  let count = 0;
  let bytes = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(data, {
      filter: (file) => {
        if (file.name.endsWith('/')) return false;
        count++;
        bytes += file.originalSize;
        if (count > MAX_FILES) {
          throw new ZipLimitError(
            'LIMIT_EXCEEDED',
            `Too many files in the zip: the limit is ${MAX_FILES} files`,
          );
        }
        if (bytes > MAX_UNCOMPRESSED_BYTES) {
          throw new ZipLimitError(
            'LIMIT_EXCEEDED',
            `The unzipped deployment is larger than ${MAX_UNCOMPRESSED_BYTES} bytes`,
          );
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ZipLimitError) throw error;
    throw new ZipLimitError(
      'INVALID_ZIP',
      `The zip file could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const files: ZipFiles = new Map();
  for (const [name, content] of Object.entries(unzipped)) {
    files.set(name.replace(/\\/g, '/').replace(/^\.\//, ''), content);
  }
  return files;
}

/** One package inside the zip: its folder (`''` or `unpackaged/`) and its files, relative to it. */
export interface PackageRoot {
  /** Prefix of every zip path in this package, `''` or `unpackaged/`. */
  prefix: string;
  files: ZipFiles;
}

/**
 * The packages in the zip: `package.xml` at the top, or one per top-level folder holding one.
 * Returns an empty list when there is no `package.xml` at either level.
 */
export function packageRoots(files: ZipFiles): PackageRoot[] {
  const prefixes: string[] = [];
  if (files.has('package.xml')) prefixes.push('');
  for (const path of files.keys()) {
    const m = /^([^/]+)\/package\.xml$/.exec(path);
    if (m) prefixes.push(`${m[1]}/`);
  }
  return prefixes.map((prefix) => {
    const own: ZipFiles = new Map();
    for (const [path, content] of files) {
      if (!path.startsWith(prefix)) continue;
      const relative = path.slice(prefix.length);
      // A top-level package does not own the files of a nested one.
      if (prefix === '' && prefixes.some((p) => p !== '' && path.startsWith(p))) continue;
      own.set(relative, content);
    }
    return { prefix, files: own };
  });
}

/** A file's content as UTF-8 text (a byte-order mark dropped). */
export function decodeText(content: Uint8Array): string {
  return new TextDecoder('utf-8').decode(content).replace(/^\uFEFF/, '');
}
