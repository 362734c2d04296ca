# sales_ecosystem: see README.md. Odoo 19.0 is a prerequisite (default: /opt/odoo + /opt/odoo-venv).
.PHONY: test test-long core core-baseline run lint pot wheel bench pytest install-time
test:
	bash tools/dev.sh test
test-long:
	bash tools/dev.sh test-long
core:
	bash tools/dev.sh core
core-baseline:
	bash tools/dev.sh core-baseline
run:
	bash tools/dev.sh run
lint:
	bash tools/dev.sh lint
pot:
	bash tools/dev.sh pot
wheel:
	bash tools/dev.sh wheel
bench:
	bash tools/dev.sh bench $(ARGS)
pytest:
	bash tools/dev.sh pytest $(ARGS)
install-time:
	bash tools/dev.sh install-time
