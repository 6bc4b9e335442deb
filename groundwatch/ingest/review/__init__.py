"""The review queue: proposals made by extraction, waiting for an analyst's decision."""
