import busboy, { type Busboy, type FieldInfo, type FileInfo } from 'busboy';
import { PassThrough, type Readable } from 'node:stream';
import { DigestCounter } from './digest-counter.transform';
import { UploadBody } from './upload-body';
import { UploadError } from './upload.errors';

/** What precedes the file part: the text fields and the file part's own headers. */
export interface UploadHead {
  fields: ReadonlyMap<string, readonly string[]>;
  filename: string | undefined;
  mimeType: string;
}

const FILE_FIELD = 'file';
const LIMITS = { fields: 50, fieldSize: 1024 * 1024, parts: 60, headerPairs: 100 };

/**
 * Parses `multipart/form-data` with busboy straight from the request stream. `head()` resolves at
 * the file part; `body` then carries the file's bytes (hashed and counted on the way) and ends only
 * once the whole form was read, so a field or a second file after the file fails the body instead
 * of letting the element commit it.
 */
export class MultipartUploadReader {
  readonly body: UploadBody;
  private readonly output = new PassThrough();
  private readonly digest: DigestCounter;
  private readonly parser: Busboy;
  private readonly fields = new Map<string, string[]>();
  private settleHead: { resolve(head: UploadHead): void; reject(error: Error): void } | undefined;
  private readonly headPromise: Promise<UploadHead>;
  private fileSeen = false;
  private fileEnded = false;
  private formEnded = false;
  private failure: Error | undefined;

  constructor(
    private readonly source: Readable,
    contentType: string | undefined,
    maxBytes: number,
  ) {
    this.digest = new DigestCounter(maxBytes);
    this.body = new UploadBody(this.output, this.digest);
    this.headPromise = new Promise<UploadHead>((resolve, reject) => (this.settleHead = { resolve, reject }));
    // Nobody may await head() when the body fails first; the rejection is reported through the body.
    this.headPromise.catch(() => undefined);
    // Whoever reads the body (the element request) sees its error; unread, it must not crash the process.
    this.output.on('error', () => undefined);
    try {
      // preservePath: the name is metadata kept as given, never a path, so nothing is cut off.
      this.parser = busboy({
        preservePath: true,
        headers: { 'content-type': contentType ?? '' },
        limits: LIMITS,
        defParamCharset: 'utf8',
      });
    } catch {
      throw UploadError.invalidForm('The request must be multipart/form-data with a boundary.');
    }
    this.listen();
    source.on('error', () =>
      this.fail(new UploadError('upload_aborted', 'The client stopped sending the upload.')),
    );
    source.on('aborted', () =>
      this.fail(new UploadError('upload_aborted', 'The client stopped sending the upload.')),
    );
    source.pipe(this.parser);
  }

  /** The fields and the file part's headers; rejects when the form is bad before the file. */
  head(): Promise<UploadHead> {
    return this.headPromise;
  }

  /** Reads and discards the rest of the request (a replayed idempotent request). */
  async drain(): Promise<void> {
    this.output.resume();
    await new Promise<void>((resolve, reject) => {
      this.output.once('end', resolve);
      this.output.once('error', reject);
    });
  }

  /** Stops parsing; the rest of the request is not read. */
  abort(error: Error): void {
    this.fail(error);
  }

  private listen(): void {
    this.parser.on('field', (name: string, value: string, info: FieldInfo) => {
      if (this.fileSeen) {
        this.fail(UploadError.invalidForm(`The field "${name}" comes after the file; text fields go first.`));
      } else if (name === FILE_FIELD) {
        this.fail(UploadError.invalidForm(`The "${FILE_FIELD}" part needs a filename.`));
      } else if (info.valueTruncated || info.nameTruncated) {
        this.fail(UploadError.invalidForm(`The field "${name}" is too long.`));
      } else {
        this.fields.set(name, [...(this.fields.get(name) ?? []), value]);
      }
    });
    this.parser.on('file', (name: string, stream: Readable, info: FileInfo) =>
      this.onFile(name, stream, info),
    );
    for (const limit of ['fieldsLimit', 'partsLimit'] as const) {
      this.parser.on(limit, () => this.fail(UploadError.invalidForm('The form has too many parts.')));
    }
    this.parser.on('error', () => this.fail(UploadError.invalidForm('The multipart body is malformed.')));
    this.parser.on('close', () => {
      this.formEnded = true;
      if (!this.fileSeen) {
        this.fail(UploadError.invalidForm('The form has no "file" part.'));
      }
      this.endWhenComplete();
    });
  }

  private onFile(name: string, stream: Readable, info: FileInfo): void {
    if (this.fileSeen || name !== FILE_FIELD) {
      stream.resume();
      this.fail(
        UploadError.invalidForm(
          this.fileSeen ? 'The form has more than one file.' : `The file part must be named "${FILE_FIELD}".`,
        ),
      );
      return;
    }
    this.fileSeen = true;
    stream.on('error', (error: Error) => this.fail(error));
    this.digest.on('error', (error: Error) => this.fail(error));
    this.digest.on('end', () => {
      this.fileEnded = true;
      this.endWhenComplete();
    });
    stream.pipe(this.digest).pipe(this.output, { end: false });
    this.settleHead?.resolve({ fields: this.fields, filename: info.filename, mimeType: info.mimeType });
  }

  private endWhenComplete(): void {
    if (this.fileEnded && this.formEnded && !this.failure) {
      this.output.end();
    }
  }

  private fail(error: Error): void {
    if (this.failure) {
      return;
    }
    this.failure = error;
    this.settleHead?.reject(error);
    this.source.unpipe(this.parser);
    this.output.destroy(error);
  }
}
