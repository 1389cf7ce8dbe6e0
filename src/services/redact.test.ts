import { expect, test } from 'vitest'
import { redactSecrets, redactUrl } from './service-types.js'

test('passwords are redacted in URLs and in any text quoting one', () => {
  expect(redactUrl('postgres://app:s3cret@db:5432/x')).toBe('postgres://app:***@db:5432/x')
  expect(
    redactSecrets(
      'connect ECONNREFUSED http://ci:hunter2@127.0.0.1:9091/metrics; retry redis://:pw@h:6379/0',
    ),
  ).toBe('connect ECONNREFUSED http://ci:***@127.0.0.1:9091/metrics; retry redis://:***@h:6379/0')
  expect(redactSecrets('no URL here: a:b@c'), 'not a URL: untouched').toBe('no URL here: a:b@c')
  expect(redactSecrets('http://127.0.0.1:9091/x'), 'a port is not a password').toBe(
    'http://127.0.0.1:9091/x',
  )
})
