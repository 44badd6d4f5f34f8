-- CreateTable
CREATE TABLE "CalendarVersion" (
    "version" TEXT NOT NULL,
    "holidays" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "changedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarVersion_pkey" PRIMARY KEY ("version")
);

