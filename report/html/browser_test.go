//go:build unix

package html

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

// The README's screenshot of the HTML report is made by this test:
//
//	go test ./report/html -run TestBrowser -docs-screenshot ../../docs/html-report.png
var docsScreenshot = flag.String("docs-screenshot", "", "also write the browser's screenshot of the sample page to this file")

// chromiumPackage is the Debian package that .ci/run installs.
const chromiumPackage = "chromium"

// chromium runs headless chromium with args and returns its standard
// output. Each run has its own profile and HOME under a temporary directory
// and a hard deadline, and its whole process group is killed when it ends,
// so that no renderer or zygote process outlives the test.
func chromium(t *testing.T, args ...string) []byte {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed; the HTML report test needs Debian's %q package (apt-get install %s): %v",
			chromiumPackage, chromiumPackage, err)
	}
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
		"--disable-sync", "--disable-component-update", "--user-data-dir=" + filepath.Join(home, "profile")}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Start()
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	pgid := cmd.Process.Pid
	// Chromium's helpers share its process group: end any that are left,
	// before chromium is reaped, while its pid (the group's) is still its.
	scantest.WaitExit(pgid)
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	err = cmd.Wait()
	if ctx.Err() != nil {
		t.Fatalf("chromium %s did not finish within 60 s; stderr:\n%s", strings.Join(args, " "), stderr.String())
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("chromium: %v", err)
	}
	if err != nil {
		t.Fatalf("chromium %s: %v; stderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// clickScript is appended to the page under test: it runs after the page's
// own script has applied the #sort= fragment, clicks column headers as a
// person would, and leaves the row order after each step in the body's
// data-test-log. It ends by clicking "days" again, so the screenshot shows
// the page sorted by days.
const clickScript = `<script>
(function () {
  function order() {
    return Array.prototype.map.call(document.querySelectorAll("#targets tbody tr"),
      function (r) { return r.getAttribute("data-target"); });
  }
  function click(key) { document.querySelector('#targets th[data-key="' + key + '"] button').click(); }
  var log = {onload: order()};
  click("errors"); log.errors = order();
  click("errors"); log.errorsAgain = order();
  click("target"); log.target = order();
  click("days");
  document.body.setAttribute("data-test-log", JSON.stringify(log));
})();
</script>
`

// writeSample renders the sample audit, with clickScript, into a temporary
// file and returns its file:// URL.
func writeSample(t *testing.T) (string, sample) {
	t.Helper()
	s := newSample(t)
	page := render(t, s.reports, sampleOptions)
	page = strings.Replace(page, "</body>", clickScript+"</body>", 1)
	path := filepath.Join(t.TempDir(), "audit.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + path, s
}

// TestBrowser opens the page in a real browser: after its script ran, the
// rows are there, sorted as the #sort= fragment asks, and so is the chart;
// the screenshot is a PNG of the requested size. One chromium run does
// both, since starting chromium is most of the test's time.
func TestBrowser(t *testing.T) {
	url, s := writeSample(t)
	shot := filepath.Join(t.TempDir(), "audit.png")
	dom := chromium(t, "--hide-scrollbars", "--window-size=1280,2000", "--screenshot="+shot, "--dump-dom", url+"#sort=days")

	// #sort=days: soonest expiry first (the expired leaf is negative), the
	// target without a leaf last.
	doc := parse(t, string(dom))
	wantDays := []string{"old.example.com:443", "api.example.com:443", "shop.example.com:443",
		"https://www.example.com", "device.pem", "mqtt.example.com:8883"}
	if got := rowTargets(t, doc); strings.Join(got, "|") != strings.Join(wantDays, "|") {
		t.Errorf("rows after #sort=days:\n got %q\nwant %q", got, wantDays)
	}
	if len(wantDays) != len(s.labels) {
		t.Fatal("the sample changed: update wantDays")
	}

	// Clicking headers: errors (most first, ties in the audit's order),
	// errors again (fewest first), target (alphabetical).
	var body *html.Node
	if b := findAll(doc, func(n *html.Node) bool { return n.Data == "body" }); len(b) == 1 {
		body = b[0]
	}
	raw, _ := attr(body, "data-test-log")
	var log map[string][]string
	if err := json.Unmarshal([]byte(raw), &log); err != nil {
		t.Fatalf("the click script left no log (%q): %v", raw, err)
	}
	clicks := []struct {
		step string
		want []string
	}{
		{"onload", wantDays},
		{"errors", []string{"old.example.com:443", "mqtt.example.com:8883", "https://www.example.com", "api.example.com:443", "shop.example.com:443", "device.pem"}},
		{"errorsAgain", []string{"https://www.example.com", "api.example.com:443", "shop.example.com:443", "device.pem", "old.example.com:443", "mqtt.example.com:8883"}},
		{"target", []string{"api.example.com:443", "device.pem", "https://www.example.com", "mqtt.example.com:8883", "old.example.com:443", "shop.example.com:443"}},
	}
	for _, c := range clicks {
		if got := log[c.step]; strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("rows after %s:\n got %q\nwant %q", c.step, got, c.want)
		}
	}
	table := byID(doc, "targets")
	if v, _ := attr(table, "data-sorted"); v != "days:asc" {
		t.Errorf("table data-sorted=%q, want days:asc (the script did not run?)", v)
	}
	for _, th := range findAll(table, func(n *html.Node) bool { return n.Data == "th" }) {
		key, _ := attr(th, "data-key")
		sort, _ := attr(th, "aria-sort")
		if (key == "days") != (sort == "ascending") {
			t.Errorf("th %s has aria-sort=%q", key, sort)
		}
	}
	if n := len(expiryBars(t, doc)); n != sampleCerts {
		t.Errorf("expiry chart in the browser has %d bars, want %d", n, sampleCerts)
	}
	if byID(doc, "grade-chart") == nil {
		t.Error("no grade chart in the browser")
	}

	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
		t.Errorf("screenshot is %dx%d, want 1280x2000", b.Dx(), b.Dy())
	}
	if *docsScreenshot != "" {
		if err := os.WriteFile(*docsScreenshot, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
