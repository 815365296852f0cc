# The two commands of the README. Both install what they need first.
.PHONY: test sim bench install device flash

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

## make device: the ESP32 image (release build), with the Moddable SDK and ESP-IDF installed ($MODDABLE, $IDF_PATH, mcconfig on PATH); hosts/esp32/README.md
## BOARD=esp32/<subplatform> for a Moddable target, SSID=... PASSWORD=... for the Wi-Fi the image joins
BOARD ?= esp32
DEVICE_CONFIG = $(if $(SSID),ssid="$(SSID)") $(if $(PASSWORD),password="$(PASSWORD)")
device: $(STAMP)
	npm run --silent build
	mcconfig -m -p $(BOARD) -t build manifest.json $(DEVICE_CONFIG)

## make flash: builds as `make device` and writes the image to the board on $UPLOAD_PORT; DEBUG=1 for a debug build (xsbug on UART0: not with the 4G modem fitted)
flash: $(STAMP)
	npm run --silent build
	mcconfig $(if $(DEBUG),-d) -m -p $(BOARD) -t all manifest.json $(DEVICE_CONFIG)
