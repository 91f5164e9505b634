# The two commands a newcomer needs: `make run` and `make check`.
# Everything else here is a shortcut around meson/ninja.
BUILD ?= build
PREFIX_DB ?= sqlite:var/motcua.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps run check bench fuzz clean distclean format

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_ARGS)

deps:
	sh scripts/install-deps.sh

run: deps all
	mkdir -p var
	# A new database gets the demo and a year of history (dossiers, visits,
	# ratings: about a second), so the dashboards show figures.
	test -f var/motcua.db || { $(BUILD)/motcua migrate --db $(PREFIX_DB) && \
	  $(BUILD)/motcua demo --db $(PREFIX_DB) --password demo-pass && \
	  $(BUILD)/motcua gen dossiers 1500 --seed 1 --db $(PREFIX_DB); }
	# A demo CA and agency key, so that the demo can sign results.
	test -f var/pki/agency.key || $(BUILD)/motcua pki init --data-dir var
	$(BUILD)/motcua serve --db $(PREFIX_DB) --listen $(LISTEN)

check: deps
	bash scripts/check.sh

bench: deps all
	bash scripts/bench.sh

# libFuzzer targets of fuzz/ (clang), FUZZ_SECONDS each (default 60).
fuzz: deps
	bash scripts/fuzz.sh

format:
	clang-format -i $$(git ls-files 'src/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' 'fuzz/*.c')

clean:
	rm -rf $(BUILD) build-asan build-check build-fuzz

distclean: clean
	rm -rf var node_modules
