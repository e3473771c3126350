/** The part of s3rver (a real S3-protocol server, for the tests; it ships no types) the specs use. */
declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
  }
  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Starts listening; answers the bound address and port (port 0 picks a free one). */
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
