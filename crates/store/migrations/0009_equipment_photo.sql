-- An item's photo lives in the file store; the row keeps its key and image type.
ALTER TABLE equipment ADD COLUMN photo_key TEXT;
ALTER TABLE equipment ADD COLUMN photo_type TEXT;
