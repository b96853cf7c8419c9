-- Manual price changes at the till, kept with the sale line: the catalog price when a manager
-- overrode it (null when not), the manual discount given on the line (inside `discount`), and the
-- reason staff gave for either.
ALTER TABLE sale_lines ADD COLUMN list_price INTEGER;
ALTER TABLE sale_lines ADD COLUMN manual_discount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sale_lines ADD COLUMN price_reason TEXT;
