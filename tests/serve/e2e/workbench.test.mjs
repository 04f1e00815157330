// End-to-end test of `spipsim serve` in real headless Chromium (Debian's /usr/bin/chromium),
// driven by puppeteer-core (pinned in package-lock.json, installed by scripts/install-deps).
// A planner's path: open the page, make a variant of small-site with 25% more officers, see
// the validation error for an out-of-bounds value, fix it, save, run the comparison (2
// replicates, 2 years), see the paired differences and the map, download the HDF5 file and
// check it with `spipsim check`. Screenshots go to $ARTEFACTS (kept as test artefacts).
// The page must fetch nothing but from the workbench itself: any other request fails the test.
//
//   SPIPSIM_BINARY=build/spipsim ARTEFACTS=build/serve-e2e node tests/serve/e2e/workbench.test.mjs
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

const binary = process.env.SPIPSIM_BINARY || "build/spipsim";
const artefacts = path.resolve(process.env.ARTEFACTS || "build/serve-e2e");
fs.rmSync(artefacts, { recursive: true, force: true });
fs.mkdirSync(artefacts, { recursive: true });
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "spipsim-e2e-"));
const downloads = path.join(artefacts, "downloads");
fs.mkdirSync(downloads);

function fail(message) { throw new Error(message); }

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function startServer(port) {
  const server = spawn(binary, ["serve", "--workspace", workspace, "--port", String(port), "--threads", "2"],
    { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  await new Promise((resolve, reject) => {
    server.stdout.on("data", (d) => { out += d; if (out.includes("open http://")) resolve(); });
    server.on("exit", (code) => reject(new Error(`spipsim serve exited with ${code}: ${out}`)));
  });
  const address = out.match(/open (http:\/\/\S+)/)[1];
  if (address !== `http://127.0.0.1:${port}/`) fail(`unexpected address ${address}`);
  return { server, address };
}

const port = await freePort();
const { server, address } = await startServer(port);
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--window-size=1280,1000"],
  defaultViewport: { width: 1280, height: 1000 },
});
let step = 0;
const shot = async (page, name) =>
  page.screenshot({ path: path.join(artefacts, `${String(++step).padStart(2, "0")}-${name}.png`), fullPage: true });

try {
  const page = await browser.newPage();
  const foreign = [];
  page.on("request", (r) => { if (!r.url().startsWith(address) && !r.url().startsWith("data:")) foreign.push(r.url()); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });

  await page.goto(address, { waitUntil: "load" });
  await page.waitForSelector('tr[data-scenario="small-site"] button.make-variant');
  await shot(page, "library");

  // A variant of small-site: 25% more officers, typed out of bounds first.
  await page.click('tr[data-scenario="small-site"] button.make-variant');
  const scale = 'input[data-key="staffing.officer_scale"]';
  await page.waitForSelector(scale, { visible: true });
  await page.$eval("#draft-name", (e) => { e.value = ""; });
  await page.type("#draft-name", "small-site-more-officers");
  await page.$eval(scale, (e) => { e.value = ""; });
  await page.type(scale, "125");
  const error = '[data-error-for="staffing.officer_scale"]';
  await page.waitForFunction((sel) => document.querySelector(sel).textContent.includes("between 0.05 and 10"), {}, error);
  const message = await page.$eval(error, (e) => e.textContent);
  if (!(await page.$eval("#save-draft", (b) => b.disabled))) fail("save is enabled despite an error");
  await page.$eval(scale, (e) => e.scrollIntoView({ block: "center" }));
  await page.screenshot({ path: path.join(artefacts, `${String(++step).padStart(2, "0")}-validation-error.png`) });
  console.log(`validation message: ${message}`);

  // Fixed: 1.25; the error goes and the TOML shows only what changed.
  await page.$eval(scale, (e) => { e.value = ""; });
  await page.type(scale, "1.25");
  await page.waitForFunction((sel) => document.querySelector(sel).textContent === "", {}, error);
  await page.waitForFunction(() => document.querySelector("#draft-toml").textContent.includes("officer_scale = 1.25"));
  const toml = await page.$eval("#draft-toml", (e) => e.textContent);
  if (!toml.includes("extends =") || (toml.match(/ = /g) || []).length !== 3)
    fail(`the saved TOML should set description, extends and officer_scale only:\n${toml}`);
  await page.click("#save-draft");
  await page.waitForFunction(() => document.querySelector("#save-status").textContent.includes("saved as small-site-more-officers"));
  const saved = fs.readFileSync(path.join(workspace, "scenarios", "small-site-more-officers.toml"), "utf8");
  if (!saved.includes("officer_scale = 1.25")) fail("the scenario file does not hold the change");

  // Run the comparison: small-site against the variant, 2 replicates, 1 year.
  await page.select("#run-base", "small-site");
  await page.waitForSelector('#run-variants input[value="small-site-more-officers"]');
  const box = await page.$('#run-variants input[value="small-site-more-officers"]');
  if (!(await box.evaluate((b) => b.checked))) await box.click();
  for (const [sel, value] of [["#run-replicates", "2"], ["#run-years", "2"], ["#run-threads", "2"]]) {
    await page.$eval(sel, (e) => { e.value = ""; });
    await page.type(sel, value);
  }
  await page.click("#run-start");
  await page.waitForSelector('#jobs tr[data-status="running"], #jobs tr[data-status="done"]', { timeout: 30000 });
  await shot(page, "job-running");
  await page.waitForSelector("#results-panel:not([hidden])", { timeout: 300000 });
  await page.waitForSelector("#forest svg, #forest canvas", { timeout: 30000 });
  await page.waitForSelector("#map path.simulated", { timeout: 30000 });
  const mapTitle = await page.$eval('#map path[id="21"] title', (t) => t.textContent);
  if (!mapTitle.includes("Côte-d'Or")) fail(`map of Côte-d'Or: ${mapTitle}`);
  const headlineRows = await page.$$eval("#headlines tbody tr", (rows) => rows.length);
  if (headlineRows < 10) fail(`headline table has ${headlineRows} rows`);
  await shot(page, "results");
  await page.$eval("#forest", (e) => e.scrollIntoView());
  await page.screenshot({ path: path.join(artefacts, `${String(++step).padStart(2, "0")}-paired-differences.png`) });
  await page.$eval("#costs", (e) => e.scrollIntoView());
  await page.screenshot({ path: path.join(artefacts, `${String(++step).padStart(2, "0")}-costs-and-survival.png`) });
  await page.$eval("#map", (e) => e.scrollIntoView());
  await page.screenshot({ path: path.join(artefacts, `${String(++step).padStart(2, "0")}-map.png`) });

  // Download the HDF5 file as a planner would, and check it.
  await page.click('a[data-file="comparison.h5"]');
  let file = null;
  for (let i = 0; i < 100 && !file; ++i) {
    await new Promise((r) => setTimeout(r, 200));
    file = fs.readdirSync(downloads).find((f) => f.endsWith("comparison.h5"));
  }
  if (!file) fail("the HDF5 file was not downloaded");
  const verdict = execFileSync(binary, ["check", path.join(downloads, file)], { encoding: "utf8" });
  if (!verdict.includes(": ok (kind compare")) fail(`spipsim check: ${verdict}`);
  console.log(verdict.trim());

  if (foreign.length) fail(`the page fetched from elsewhere: ${foreign.join(", ")}`);
  if (errors.length) fail(`errors in the page: ${errors.join("; ")}`);
  console.log(`ok: screenshots in ${artefacts}`);
} finally {
  await browser.close();
  server.kill("SIGINT");
  await new Promise((r) => server.on("exit", r));
  fs.rmSync(workspace, { recursive: true, force: true });
}
