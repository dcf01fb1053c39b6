/** Where attachments go when they are kept in S3-compatible storage (S3_URL). */
export interface S3Settings {
  /** `https://host[:port]` or, for `s3+http://`, plain `http://host[:port]`. */
  endpoint: string;
  bucket: string;
  /** Put before every key, ending in `/` (or empty): several deployments can share a bucket. */
  prefix: string;
  region: string;
  /** `https://host/bucket/key` rather than `https://bucket.host/key` (MinIO, most self-hosted servers). */
  forcePathStyle: boolean;
  /** From the URL; null: the SDK's own chain (AWS_ACCESS_KEY_ID…, an instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

/** Bucket names as S3 allows them (3-63 of lowercase letters, digits, dots and hyphens). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const OPTIONS = new Set(['region', 'forcePathStyle']);

/**
 * Reads `s3://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix]?region=us-east-1&forcePathStyle=true`
 * (`s3+http://` for a server without TLS). The key and secret are percent-encoded like any URL
 * user and password; without them the SDK finds credentials itself. Returns null when unset and
 * throws a message naming the problem (never the secret) when the URL is not usable.
 */
export function parseS3Url(raw: string | undefined): S3Settings | null {
  if (raw === undefined || raw.trim() === '') return null;
  const fail = (problem: string) => new Error(problem);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw fail('must be a URL like s3://KEY:SECRET@host/bucket?region=us-east-1');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 's3' && scheme !== 's3+http') throw fail(`must use s3:// or s3+http://, got "${url.protocol}"`);
  if (!url.hostname) throw fail('must name the storage host, as in s3://KEY:SECRET@host/bucket');
  const [bucket = '', ...rest] = url.pathname.replace(/^\/+/, '').split('/');
  if (!BUCKET.test(bucket))
    throw fail(`must name a bucket after the host (3-63 of a-z, 0-9, ".", "-"), got "${bucket}"`);
  const prefixParts = rest.filter((part) => part !== '').map((part) => decodeURIComponent(part));
  for (const key of url.searchParams.keys()) {
    if (!OPTIONS.has(key)) throw fail(`has an unknown option "${key}" (known: ${[...OPTIONS].join(', ')})`);
  }
  const pathStyle = url.searchParams.get('forcePathStyle') ?? 'false';
  if (pathStyle !== 'true' && pathStyle !== 'false')
    throw fail(`forcePathStyle must be true or false, got "${pathStyle}"`);
  const region = url.searchParams.get('region') ?? 'us-east-1';
  if (!/^[a-z0-9-]{1,40}$/.test(region)) throw fail(`region must be like us-east-1, got "${region}"`);
  const accessKeyId = decodeURIComponent(url.username);
  const secretAccessKey = decodeURIComponent(url.password);
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    throw fail('must give both the access key and the secret, or neither');
  return {
    endpoint: `${scheme === 's3' ? 'https' : 'http'}://${url.host}`,
    bucket,
    prefix: prefixParts.length ? `${prefixParts.join('/')}/` : '',
    region,
    forcePathStyle: pathStyle === 'true',
    credentials: accessKeyId ? { accessKeyId, secretAccessKey } : null,
  };
}
