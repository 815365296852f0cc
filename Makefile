# The two commands of the README. Both install what they need first.
.PHONY: test sim bench install device

STAMP := node_modules/.package-lock.json

$(STAMP): package.json package-lock.json
	npm ci
	@touch $(STAMP)

install: $(STAMP)

## make test: Debian's unifont package when missing (glyphs for the receipt tests), type-check, host suites on Node (ava), the same suites on XS, a short fuzzing pass on both engines
test: $(STAMP)
	@test -f /usr/share/unifont/unifont.hex || test -f /usr/share/unifont/unifont.hex.gz || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unifont >/dev/null)
	npm run --silent build
	npm run --silent typecheck
	npm run --silent test:node
	npm run --silent test:xs
	npm run --silent fuzz -- --inputs 3000 --engine node --summary
	npm run --silent fuzz -- --inputs 3000 --engine xs --summary

## make sim: the desktop terminal simulator, on the XS engine
sim: $(STAMP)
	npm run --silent build
	npx --no-install tsx hosts/desktop/run.ts $(ARGS)

## make bench: benchmarks, JSON on stdout
bench: $(STAMP)
	npm run --silent bench

## make device: the ESP32 image, with the Moddable SDK installed ($MODDABLE, mcconfig on PATH)
device: $(STAMP)
	npm run --silent build
	mcconfig -d -m -p esp32 manifest.json
