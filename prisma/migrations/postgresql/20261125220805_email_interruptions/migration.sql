-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "interruptedAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastError" TEXT;

