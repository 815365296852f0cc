# The two commands of the README. Both install what they need first.
.PHONY: test sim bench install device flash moddable-sim

STAMP := node_modules/.package-lock.json

$(STAMP): package.json package-lock.json
	npm ci
	@touch $(STAMP)

install: $(STAMP)

## make test: Debian's unifont (glyphs for the receipt tests) and chromium (the browser tests) when missing, type-check, host suites on Node (ava, the browser tests among them), the same suites on XS, a short fuzzing pass on both engines
test: $(STAMP)
	@test -f /usr/share/unifont/unifont.hex || test -f /usr/share/unifont/unifont.hex.gz || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unifont >/dev/null)
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
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

## make moddable-sim: the terminal in the Moddable SDK's own simulator (SDK 8.x built for the desktop, $MODDABLE set, mcconfig on PATH; start its acquirer first with `npx tsx hosts/sim/acquirer.ts`); hosts/sim/README.md
## SIM_PLATFORM=lin|mac|win, ACQUIRER=host:port for another acquirer
SIM_PLATFORM ?= lin
moddable-sim: $(STAMP)
	npm run --silent build
	mcconfig -d -m -p $(SIM_PLATFORM) hosts/sim/manifest.json $(if $(ACQUIRER),acquirer=$(ACQUIRER))

## make bench: benchmarks, JSON on stdout
bench: $(STAMP)
	npm run --silent bench

## make device: the ESP32 image (release build; Debian's unifont first when missing, the glyphs of the receipts and the screen), with the Moddable SDK and ESP-IDF installed ($MODDABLE, $IDF_PATH, mcconfig on PATH); hosts/esp32/README.md
## BOARD=esp32/<subplatform> for a Moddable target, SSID=... PASSWORD=... for the Wi-Fi the image joins
BOARD ?= esp32
## UPLINK=4g for a board whose uplink is the 4G modem on UART0 (release builds only)
DEVICE_CONFIG = $(if $(SSID),ssid="$(SSID)") $(if $(PASSWORD),password="$(PASSWORD)") $(if $(UPLINK),uplink=$(UPLINK))
device: $(STAMP)
	@test -f /usr/share/unifont/unifont.hex || test -f /usr/share/unifont/unifont.hex.gz || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unifont >/dev/null)
	npm run --silent build
	mcconfig -m -p $(BOARD) -t build manifest.json $(DEVICE_CONFIG)

## make flash: builds as `make device` and writes the image to the board on $UPLOAD_PORT; DEBUG=1 for a debug build (xsbug on UART0: not with the 4G modem fitted) with the test keys
flash: $(STAMP)
	@test -f /usr/share/unifont/unifont.hex || test -f /usr/share/unifont/unifont.hex.gz || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unifont >/dev/null)
	$(if $(DEBUG),XSPOS_KEEP_NAMES=1) npm run --silent build
	$(if $(and $(DEBUG),$(filter 4g,$(UPLINK))),$(error DEBUG=1 puts xsbug on UART0, where the 4G modem is))
	mcconfig $(if $(DEBUG),-d) -m -p $(BOARD) -t all manifest.json $(DEVICE_CONFIG) $(if $(DEBUG),testKeys=1)
