-- The QAPP cycle's controls for the annual report (QappControl). Case.startWith is added by
-- 20261204223000_case_start_with, which kept no schema snapshot; this one's snapshot has both.
-- CreateTable
CREATE TABLE "QappControl" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "partnership" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "effectiveOn" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "QappControl_key_key" ON "QappControl"("key");

-- CreateIndex
CREATE INDEX "QappControl_partnership_effectiveOn_idx" ON "QappControl"("partnership", "effectiveOn");

