-- Issue 15, items 9 and 13.
--
-- The names a unit had before (the agency after the 2025 merger: Hà Nam
-- joined Ninh Bình on 1 July 2025). A unit's row holds its name now; each
-- row here a name it bore until valid_until (ms UTC, exclusive), with the
-- superior body printed above it then (NULL: the one of the time is not
-- recorded). A form reprinted for an earlier dossier prints the name of its
-- date.
CREATE TABLE unit_names (
  unit_id BIGINT NOT NULL REFERENCES units(id),
  valid_until BIGINT NOT NULL,
  name_vi TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  superior TEXT,
  PRIMARY KEY (unit_id, valid_until)
);
-- The register of numbers of the forms that leave the agency (01-05): one
-- counter per issuing unit, form and year, taken in the transaction that
-- writes the form's event, so a number is used exactly when the form is
-- (gapless: a rolled-back action gives its number back).
CREATE TABLE form_registers (
  unit_id BIGINT NOT NULL REFERENCES units(id),
  form BIGINT NOT NULL,
  year BIGINT NOT NULL,
  last BIGINT NOT NULL,
  PRIMARY KEY (unit_id, form, year)
);
-- Each number given: to the event of a dossier that produced the form,
-- with the number and symbol as printed ("Số: 05/GTN-VP").
CREATE TABLE form_numbers (
  unit_id BIGINT NOT NULL REFERENCES units(id),
  form BIGINT NOT NULL,
  year BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  number TEXT NOT NULL,
  dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
  event_seq BIGINT NOT NULL,
  at BIGINT NOT NULL,
  CHECK (seq >= 1),
  PRIMARY KEY (unit_id, form, year, seq),
  UNIQUE (dossier_id, event_seq)
);
-- The telephone of a unit, printed as the contact on Forms 02 and 03
-- (item 14).
ALTER TABLE units ADD COLUMN phone TEXT NOT NULL DEFAULT '';
-- Whether receipt requires every paper component to be digitized or
-- exempted with a reason (Circular 03/2025; item 18): 1 unless the
-- procedure says otherwise.
ALTER TABLE procedure_versions ADD COLUMN digitize_at_receipt INTEGER NOT NULL DEFAULT 1;
