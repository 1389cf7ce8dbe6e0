import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { dashboardFixture } from './dashboard-fixture.js'
import { renderDashboard } from './render-dashboard.js'

/** Debian's chromium (`apt-get install -y chromium`, as .ci/run does); without it the test fails. */
const CHROMIUM = process.env.STRESSGATE_CHROMIUM ?? '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** Non-transparent pixels of each chart canvas (a string: the project compiles without DOM types). */
const INKED_PIXELS = `[...document.querySelectorAll('.uplot canvas')].map((c) => {
  const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
  let inked = 0
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++
  return inked
})`
/** Two scenarios with run data, three charts each, and the trend. */
const CHARTS = 7

describe('dashboard in a real browser', () => {
  let dir: string
  let browser: Browser
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stressgate-dashboard-'))
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set STRESSGATE_CHROMIUM.`,
      )
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
  })
  afterAll(async () => {
    await browser?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('renders offline: charts drawn, failing row visible, no console errors', async () => {
    const file = join(dir, 'dashboard.html')
    await writeFile(file, renderDashboard(await dashboardFixture()))

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.setOffline(true)
    const offsite: string[] = []
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith('file:')) return route.continue()
      offsite.push(url)
      return route.abort()
    })
    const page = await context.newPage()
    const errors: string[] = []
    const dialogs: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })

    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    await expect.poll(() => page.locator('.uplot canvas').count()).toBe(CHARTS)

    expect(await page.locator('#verdict h1').textContent(), 'verdict').toBe('NOT CERTIFIED')
    const failing = page.locator('tr[data-verdict="fail"]', { hasText: 'decision latency p99' })
    expect(await failing.isVisible(), 'failing criterion row').toBe(true)
    expect(await failing.locator('td.mark').textContent()).toContain('FAIL')

    const regression = page.locator('#baseline tr[data-verdict="regression"]')
    expect(await regression.isVisible(), 'regressed scenario row').toBe(true)
    expect(await regression.locator('th').textContent()).toBe('slow_governor')
    expect(await page.locator('#trend-chart .uplot canvas').count(), 'trend chart').toBe(1)
    expect(await page.locator('#trend tr.current td').first().textContent()).toBe(
      '2026-01-02 03:04:05Z',
    )

    const canvases = await page.locator('.uplot canvas').all()
    for (const canvas of canvases) {
      const box = await canvas.boundingBox()
      expect(box?.width, 'canvas width').toBeGreaterThan(0)
      expect(box?.height, 'canvas height').toBeGreaterThan(0)
    }
    const painted = await page.evaluate<number[]>(INKED_PIXELS)
    expect(
      painted.every((n) => n > 0),
      `painted pixels per canvas: ${painted}`,
    ).toBe(true)

    const shot = join(dir, 'dashboard.png')
    await page.screenshot({ path: shot, fullPage: true })
    expect((await stat(shot)).size, 'screenshot bytes').toBeGreaterThan(1_000)
    expect((await readFile(shot)).subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true)

    expect(errors, 'console errors').toEqual([])
    expect(dialogs, 'script injected by a report string').toEqual([])
    expect(offsite, 'network requests').toEqual([])
    await context.close()
  })
})
