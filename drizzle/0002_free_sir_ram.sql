CREATE TABLE `offer_clicks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`offer_id` integer NOT NULL,
	`member_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offer_clicks_offer_at_idx` ON `offer_clicks` (`offer_id`,`at`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`title` text NOT NULL,
	`url` text NOT NULL,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`description` text,
	`sponsored` integer DEFAULT false NOT NULL,
	`code` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`circle_id`) REFERENCES `circles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_code_uq` ON `offers` (`code`);--> statement-breakpoint
CREATE INDEX `offers_circle_idx` ON `offers` (`circle_id`);