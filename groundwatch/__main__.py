from groundwatch.cli import main

raise SystemExit(main())
