-- CreateTable
CREATE TABLE "CalendarVersion" (
    "version" TEXT NOT NULL PRIMARY KEY,
    "holidays" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "changedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

