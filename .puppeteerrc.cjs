// pa11y-ci (a dev dependency, driven by bench/sitelint with Debian's Chromium) pulls in puppeteer, whose install script
// would download a browser: no binary downloads here (and none needed). Puppeteer reads this file at install time.
module.exports = { skipDownload: true, chrome: { skipDownload: true }, "chrome-headless-shell": { skipDownload: true }, firefox: { skipDownload: true } };
