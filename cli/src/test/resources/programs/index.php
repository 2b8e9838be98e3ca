<?php
// Served by PHP's built-in web server (php -S).
echo "php " . PHP_VERSION . " serves " . date("Y") . "\n";
