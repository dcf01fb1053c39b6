import { loadConfig } from './app-config';
import { parseS3Url } from './s3-url';

describe('S3_URL', () => {
  it('is off when unset or blank', () => {
    expect(parseS3Url(undefined)).toBeNull();
    expect(parseS3Url('  ')).toBeNull();
  });

  it('reads the endpoint, bucket, prefix, region, path style and credentials', () => {
    expect(
      parseS3Url('s3+http://KEY:se%2Fcr%2Bet@127.0.0.1:9000/files/zendo/prod?region=eu-west-3&forcePathStyle=true'),
    ).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'files',
      prefix: 'zendo/prod/',
      region: 'eu-west-3',
      forcePathStyle: true,
      credentials: { accessKeyId: 'KEY', secretAccessKey: 'se/cr+et' },
    });
    expect(parseS3Url('s3://s3.eu-central-1.amazonaws.com/my-bucket')).toEqual({
      endpoint: 'https://s3.eu-central-1.amazonaws.com',
      bucket: 'my-bucket',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
      credentials: null,
    });
  });

  it.each([
    ['http://KEY:SECRET@host/bucket', /s3:\/\/ or s3\+http/],
    ['s3://KEY:SECRET@host', /bucket/],
    ['s3://KEY:SECRET@host/Bad_Bucket', /bucket/],
    ['s3://KEY@host/bucket', /both/],
    ['s3://KEY:SECRET@host/bucket?forcePathStyle=yes', /forcePathStyle/],
    ['s3://KEY:SECRET@host/bucket?region=Not A Region', /region/],
    ['s3://KEY:SECRET@host/bucket?acl=public', /unknown option "acl"/],
    ['not a url', /must be a URL/],
  ])('refuses %s at boot', (raw, problem) => {
    expect(() => loadConfig({ S3_URL: raw, ZENDO_DATA_DIR: '/tmp/zendo-s3-url-spec' })).toThrow(problem);
    expect(() => loadConfig({ S3_URL: raw, ZENDO_DATA_DIR: '/tmp/zendo-s3-url-spec' })).toThrow(
      /^Invalid configuration: S3_URL /,
    );
  });

  it('never repeats the secret in its complaints', () => {
    expect(() => parseS3Url('s3://KEY:TOPSECRET@host/bucket?bad=1')).toThrow(/^(?!.*TOPSECRET)/);
  });
});
